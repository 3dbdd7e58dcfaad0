package com.labelpush.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.labelpush.clienttokens.ClientTokenRules;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.core.io.ClassPathResource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Client tokens as label-api issues them (same claims, ES256), signed with the test key
 * whose public half the test gateways trust ({@code client-tokens-test-key.pem}); and,
 * for the refusals, tokens signed with another key.
 */
public final class TestTokens {

	private static final ECKey KEY = testKey();

	private static final ECKey IMPOSTOR = generatedKey();

	private TestTokens() {
	}

	/** A token for the camera, valid for an hour. */
	public static String forCamera(String camera) {
		return forCamera(camera, Duration.ofHours(1));
	}

	/** A token for the camera, valid for the given time from now. */
	public static String forCamera(String camera, Duration ttl) {
		return sign(KEY, camera, Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(ttl));
	}

	/** A token for the camera that expired a minute ago. */
	public static String expired(String camera) {
		return sign(KEY, camera, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60));
	}

	/** A token for the camera signed with a key nobody trusts. */
	public static String forged(String camera) {
		return sign(IMPOSTOR, camera, Instant.now().plusSeconds(3600));
	}

	/** The key set label-api would publish for the test key. */
	public static String publicKeySet() {
		return new JWKSet(KEY.toPublicJWK()).toString();
	}

	private static String sign(ECKey key, String camera, Instant expiresAt) {
		Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
		if (!issuedAt.isBefore(expiresAt)) {
			issuedAt = expiresAt.minusSeconds(60);
		}
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer("label-api")
			.audience(List.of("push-gateway"))
			.claim(ClientTokenRules.CAMERA_CLAIM, camera)
			.id(UUID.randomUUID().toString())
			.issuedAt(issuedAt)
			.expiresAt(expiresAt)
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).keyId(key.getKeyID()).build();
		return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)))
			.encode(JwtEncoderParameters.from(header, claims))
			.getTokenValue();
	}

	private static ECKey testKey() {
		try (InputStream privatePem = new ClassPathResource("client-tokens-test-key.pem").getInputStream();
				InputStream publicPem = new ClassPathResource("client-tokens-test-public.pem").getInputStream()) {
			KeyFactory ec = KeyFactory.getInstance("EC");
			ECPrivateKey privateKey = (ECPrivateKey) ec
				.generatePrivate(new PKCS8EncodedKeySpec(pemBody(privatePem, "PRIVATE KEY")));
			ECPublicKey publicKey = (ECPublicKey) ec
				.generatePublic(new X509EncodedKeySpec(pemBody(publicPem, "PUBLIC KEY")));
			return new ECKey.Builder(Curve.P_256, publicKey).privateKey(privateKey).keyIDFromThumbprint().build();
		}
		catch (IOException | JOSEException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] pemBody(InputStream pem, String type) throws IOException {
		String text = new String(pem.readAllBytes(), StandardCharsets.US_ASCII);
		return Base64.getMimeDecoder()
			.decode(text.replace("-----BEGIN " + type + "-----", "").replace("-----END " + type + "-----", ""));
	}

	private static ECKey generatedKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
