package com.labelpush.gateway.websocket;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
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

	TextMessage hello(CameraId camera) {
		return new TextMessage(this.json.writeValueAsString(new Hello("hello", camera.value(),
				this.properties.instanceId(), this.properties.heartbeat().toSeconds(),
				new Reconnect(this.properties.reconnectMin().toMillis(), this.properties.reconnectMax().toMillis()))));
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
	record Hello(String type, String clientId, String instance, long heartbeatSeconds, Reconnect reconnect) {
	}

	record Reconnect(long minMs, long maxMs) {
	}

}
