package com.labelpush.labelapi.clienttoken;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.Base64URL;

import org.springframework.core.io.Resource;

/**
 * Reads the client-token signing key, an EC P-256 key in a PKCS#8 PEM file as
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256} writes it.
 * <p>
 * ES256 rather than RS256: a token is about 400 characters instead of 750, and every
 * gateway session keeps a few copies of its handshake URI (the token included) for its
 * whole life. The JDK reads the private key but cannot derive its public point, so the
 * point is taken from the optional public-key field that openssl writes into the file; a
 * test signature proves the two belong together.
 */
final class SigningKey {

	// [1] BIT STRING (66 bytes), no unused bits, uncompressed point: 04 || X || Y
	private static final byte[] PUBLIC_POINT = { (byte) 0xA1, 0x44, 0x03, 0x42, 0x00, 0x04 };

	private static final int COORDINATE = 32;

	private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";

	private static final String END = "-----END PRIVATE KEY-----";

	private SigningKey() {
	}

	/**
	 * The key pair, identified by its RFC 7638 thumbprint, so a rotated key gets a new
	 * {@code kid}.
	 * @param pem the PEM file
	 * @return the EC key with private and public halves
	 */
	static ECKey read(Resource pem) {
		byte[] der = der(pem);
		ECPrivateKey privateKey;
		try {
			privateKey = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw invalid(pem, "not an EC private key: " + ex.getMessage());
		}
		if (!Curve.P_256.equals(Curve.forECParameterSpec(privateKey.getParams()))) {
			throw invalid(pem, "the key must be on curve P-256");
		}
		int at = indexOf(der, PUBLIC_POINT);
		if (at < 0 || at + PUBLIC_POINT.length + 2 * COORDINATE > der.length) {
			throw invalid(pem, "the file must include the public key, as openssl genpkey writes it");
		}
		int x = at + PUBLIC_POINT.length;
		try {
			ECKey key = new ECKey.Builder(Curve.P_256, Base64URL.encode(Arrays.copyOfRange(der, x, x + COORDINATE)),
					Base64URL.encode(Arrays.copyOfRange(der, x + COORDINATE, x + 2 * COORDINATE)))
				.privateKey(privateKey)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint()
				.build();
			requireSamePair(key, pem);
			return key;
		}
		catch (JOSEException | IllegalStateException ex) {
			throw invalid(pem, ex.getMessage());
		}
	}

	private static void requireSamePair(ECKey key, Resource pem) throws JOSEException {
		try {
			byte[] probe = "label-api".getBytes(StandardCharsets.US_ASCII);
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(key.toECPrivateKey());
			signer.update(probe);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance("SHA256withECDSA");
			verifier.initVerify(key.toECPublicKey());
			verifier.update(probe);
			if (!verifier.verify(signature)) {
				throw invalid(pem, "the public key in the file does not belong to its private key");
			}
		}
		catch (GeneralSecurityException ex) {
			throw invalid(pem, ex.getMessage());
		}
	}

	private static byte[] der(Resource pem) {
		String text;
		try (InputStream in = pem.getInputStream()) {
			text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw invalid(pem, "cannot read it: " + ex.getMessage());
		}
		int begin = text.indexOf(BEGIN);
		int end = text.indexOf(END);
		if (begin < 0 || end < begin) {
			throw invalid(pem, "no 'BEGIN PRIVATE KEY' block");
		}
		try {
			return Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(pem, "the block is not base64");
		}
	}

	private static int indexOf(byte[] bytes, byte[] pattern) {
		outer: for (int i = 0; i + pattern.length <= bytes.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (bytes[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static IllegalArgumentException invalid(Resource pem, String why) {
		return new IllegalArgumentException("labels.client-tokens.signing-key (" + pem
				+ ") must be a PEM file of an EC P-256 private key in PKCS#8 ('BEGIN PRIVATE KEY'): " + why);
	}

}
