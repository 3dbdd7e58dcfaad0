package com.labelpush.gateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import com.labelpush.clienttokens.ClientTokenRules;
import com.labelpush.gateway.resume.HistoryProperties;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.jwt.JwtDecoder;

@Configuration(proxyBeanMethods = false)
class ClientTokenConfiguration {

	private static final Log logger = LogFactory.getLog(ClientTokenConfiguration.class);

	private static final int KEY_SET_SIZE_LIMIT = 64 * 1024;

	@Bean
	ClientTokenVerifier clientTokenVerifier(ClientTokenProperties properties, HistoryProperties history) {
		JWKSource<SecurityContext> keys;
		if (properties.publicKey() != null) {
			keys = new ImmutableJWKSet<>(new JWKSet(publicKey(properties.publicKey())));
			logger.info("client tokens are verified with the public key " + properties.publicKey());
		}
		else {
			URI keySet = (properties.jwkSetUri() != null) ? properties.jwkSetUri() : history.clientTokenKeySet();
			keys = keySetSource(keySet, history);
			logger.info("client tokens are verified with the key set at " + keySet + " (fetched once, then cached)");
		}
		JwtDecoder decoder = ClientTokenRules.decoder(keys, properties.issuer(), properties.audience(),
				properties.clockSkew());
		return new ClientTokenVerifier(decoder, properties.clockSkew());
	}

	// Nimbus's remote key set: cached for 5 minutes and refreshed ahead of expiry, so
	// connects cost no call to label-api; a key id it does not know (a rotated key)
	// makes it fetch again, at most once in 30 s however many such tokens arrive.
	private static JWKSource<SecurityContext> keySetSource(URI keySet, HistoryProperties history) {
		try {
			return JWKSourceBuilder
				.create(keySet.toURL(),
						new DefaultResourceRetriever((int) history.connectTimeout().toMillis(),
								(int) history.readTimeout().toMillis(), KEY_SET_SIZE_LIMIT))
				.build();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"gateway.client-tokens.jwk-set-uri must be an http(s) URL, got " + keySet, ex);
		}
	}

	private static ECKey publicKey(Resource pem) {
		try (InputStream in = pem.getInputStream()) {
			String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			String body = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "");
			ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC")
				.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
			if (!Curve.P_256.equals(Curve.forECParameterSpec(key.getParams()))) {
				throw new IllegalArgumentException("the key is not on curve P-256");
			}
			return new ECKey.Builder(Curve.P_256, key).keyIDFromThumbprint().build();
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException
				| JOSEException ex) {
			throw new IllegalArgumentException("gateway.client-tokens.public-key (" + pem
					+ ") must be a PEM file of label-api's EC P-256 public key ('BEGIN PUBLIC KEY'): "
					+ ex.getMessage(), ex);
		}
	}

}
