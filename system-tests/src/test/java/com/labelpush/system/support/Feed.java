package com.labelpush.system.support;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.labelpush.testsupport.AppProcess;
import com.labelpush.client.LabelFeedClient;
import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEvent;

/**
 * A desktop client as the reference client implements it, recording what it applies.
 */
public final class Feed implements AutoCloseable {

	private final String camera;

	private final List<LabelEvent> applied = new CopyOnWriteArrayList<>();

	private final AtomicInteger reloads = new AtomicInteger();

	private final LabelFeedClient client;

	/**
	 * Follows a camera.
	 * @param api where its tokens come from
	 * @param camera the camera
	 * @param gateways gateway replicas, tried in turn (a load balancer's stand-in)
	 */
	public Feed(LabelApi api, String camera, AppProcess... gateways) {
		this.camera = camera;
		List<URI> uris = Arrays.stream(gateways)
			.map((gateway) -> URI.create("ws://127.0.0.1:" + gateway.port()))
			.toList();
		this.client = new LabelFeedClient(uris, CameraId.of(camera), () -> api.clientToken(camera),
				new LabelFeedClient.Listener() {

					@Override
					public void reload() {
						Feed.this.reloads.incrementAndGet();
					}

					@Override
					public void apply(LabelEvent event) {
						Feed.this.applied.add(event);
					}

				});
	}

	public String camera() {
		return this.camera;
	}

	/** The seqs applied, in the order applied. */
	public List<Long> seqs() {
		return this.applied.stream().map(LabelEvent::seq).toList();
	}

	/** The cameras of the events applied. */
	public List<String> cameras() {
		return this.applied.stream().map((event) -> event.cameraId().value()).distinct().toList();
	}

	/** Reloads beyond the first one of a fresh start. */
	public int extraReloads() {
		return Math.max(0, this.reloads.get() - 1);
	}

	public long lastSeq() {
		return this.client.lastSeq();
	}

	@Override
	public void close() {
		this.client.close();
	}

}
