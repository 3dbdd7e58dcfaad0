package com.labelpush.gateway.websocket;

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
@Component
class Frames {

	static final TextMessage PONG = new TextMessage("{\"type\":\"pong\"}");

	private final JsonMapper json;

	private final GatewayProperties properties;

	Frames(JsonMapper json, GatewayProperties properties) {
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
	TextMessage hello(CameraId camera, @Nullable Long latestSeq, @Nullable Boolean recovered) {
		return new TextMessage(this.json.writeValueAsString(new Hello("hello", camera.value(),
				this.properties.instanceId(), latestSeq, this.properties.heartbeat().toSeconds(), recovered,
				new Reconnect(this.properties.reconnectMin().toMillis(), this.properties.reconnectMax().toMillis()))));
	}

	TextMessage resync(CameraId camera, String reason) {
		return new TextMessage(
				this.json.writeValueAsString(Map.of("type", "resync", "cameraId", camera.value(), "reason", reason)));
	}

	TextMessage error(String message) {
		return new TextMessage(this.json.writeValueAsString(Map.of("type", "error", "message", message)));
	}

	/**
	 * Reads a client frame's type.
	 * @param payload the frame text
	 * @return the type, or {@code null} when the frame is not a JSON object with a string
	 * type
	 */
	@Nullable String typeOf(String payload) {
		try {
			JsonNode node = this.json.readTree(payload);
			JsonNode type = (node != null && node.isObject()) ? node.get("type") : null;
			return (type != null && type.isString()) ? type.asString() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	@JsonPropertyOrder({ "type", "clientId", "instance", "latestSeq", "heartbeatSeconds", "recovered", "reconnect" })
	record Hello(String type, String clientId, String instance, @Nullable Long latestSeq, long heartbeatSeconds,
			@Nullable Boolean recovered, Reconnect reconnect) {
	}

	record Reconnect(long minMs, long maxMs) {
	}

}
