package com.labelpush.labelapi.clienttoken;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;

/** Reads the client-token signing key from a PKCS#8 PEM file. */
final class SigningKey {

	private static final int MIN_BITS = 2048;

	private SigningKey() {
	}

	/**
	 * The key pair, identified by its RFC 7638 thumbprint, so a rotated key gets a new
	 * {@code kid}.
	 * @param pem the PEM file
	 * @return the RSA key with private and public halves
	 */
	static RSAKey read(Resource pem) {
		RSAPrivateKey privateKey;
		try (InputStream in = pem.getInputStream()) {
			privateKey = RsaKeyConverters.pkcs8().convert(in);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("labels.client-tokens.signing-key (" + pem
					+ ") must be a readable PEM file of an RSA private key in PKCS#8 ('BEGIN PRIVATE KEY'): "
					+ ex.getMessage(), ex);
		}
		if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
			throw new IllegalArgumentException(
					"labels.client-tokens.signing-key must hold the full RSA key (CRT form)");
		}
		if (crt.getModulus().bitLength() < MIN_BITS) {
			throw new IllegalArgumentException(
					"labels.client-tokens.signing-key must have at least " + MIN_BITS + " bits");
		}
		try {
			return new RSAKey.Builder(publicHalf(crt.getModulus(), crt.getPublicExponent())).privateKey(privateKey)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint()
				.build();
		}
		catch (JOSEException | GeneralSecurityException ex) {
			throw new IllegalStateException("could not derive the client-token public key", ex);
		}
	}

	private static RSAPublicKey publicHalf(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
		return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
	}

}
