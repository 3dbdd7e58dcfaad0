package com.labelpush.gateway.session;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.labelpush.events.CameraId;
import com.labelpush.gateway.GatewayProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/** The gateway's own frames, as the contract gives them. */
/**
 * The frames of the WebSocket contract the gateway writes and reads (see the README of
 * push-gateway, "WebSocket endpoint").
 */
@Component
public class Frames {

	public static final TextMessage PONG = new TextMessage("{\"type\":\"pong\"}");

	private final JsonMapper json;

	private final GatewayProperties properties;

	public Frames(JsonMapper json, GatewayProperties properties) {
		this.json = json;
		this.properties = properties;
	}

	/**
	 * The first frame of a session.
	 * @param camera the camera
	 * @param latestSeq the camera's latest seq, when label-api could tell
	 * @param recovered for a resume: whether every missed event follows
	 * @return the hello frame
	 */
	public TextMessage hello(CameraId camera, @Nullable Long latestSeq, @Nullable Boolean recovered) {
		return new TextMessage(this.json.writeValueAsString(new Hello("hello", camera.value(),
				this.properties.instanceId(), latestSeq, this.properties.heartbeat().toSeconds(), recovered,
				new Reconnect(this.properties.reconnectMin().toMillis(), this.properties.reconnectMax().toMillis()))));
	}

	public TextMessage resync(CameraId camera, String reason) {
		return new TextMessage(
				this.json.writeValueAsString(Map.of("type", "resync", "cameraId", camera.value(), "reason", reason)));
	}

	public TextMessage error(String message) {
		return new TextMessage(this.json.writeValueAsString(Map.of("type", "error", "message", message)));
	}

	/**
	 * The answer to an accepted in-band token.
	 * @param expiresAt the new token's expiry
	 * @return the authenticated frame
	 */
	public TextMessage authenticated(Instant expiresAt) {
		return new TextMessage(
				this.json.writeValueAsString(Map.of("type", "authenticated", "expiresAt", expiresAt.toString())));
	}

	/**
	 * Reads a client frame.
	 * @param payload the frame text
	 * @return the frame, or {@code null} when it is not a JSON object with a string type
	 */
	public @Nullable ClientFrame read(String payload) {
		try {
			JsonNode node = this.json.readTree(payload);
			JsonNode type = (node != null && node.isObject()) ? node.get("type") : null;
			if (type == null || !type.isString()) {
				return null;
			}
			JsonNode token = node.get("token");
			return new ClientFrame(type.asString(), (token != null && token.isString()) ? token.asString() : null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A frame from the client.
	 *
	 * @param type {@code ping} or {@code auth}
	 * @param token for {@code auth}: the fresh client token
	 */
	public record ClientFrame(String type, @Nullable String token) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "type", "clientId", "instance", "latestSeq", "heartbeatSeconds", "recovered", "reconnect" })
	record Hello(String type, String clientId, String instance, @Nullable Long latestSeq, long heartbeatSeconds,
			@Nullable Boolean recovered, Reconnect reconnect) {
	}

	record Reconnect(long minMs, long maxMs) {
	}

}
