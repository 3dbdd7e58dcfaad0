package com.labelpush.compose.support;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.labelpush.client.LabelFeedClient;
import com.labelpush.events.CameraId;
import com.labelpush.events.LabelEvent;

/**
 * A desktop client following one camera through the load balancer, as the reference
 * client does it, recording what it applies and which replica it is on.
 */
public final class Follower implements AutoCloseable {

	private final String camera;

	private final List<Long> seqs = new CopyOnWriteArrayList<>();

	private final List<String> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger reloads = new AtomicInteger();

	private final LabelFeedClient client;

	public Follower(ComposeStack stack, Admin admin, String camera) {
		this.camera = camera;
		this.client = new LabelFeedClient(List.of(URI.create(stack.gatewayUrl())), CameraId.of(camera),
				() -> admin.clientToken(camera), new LabelFeedClient.Listener() {

					@Override
					public void reload() {
						Follower.this.reloads.incrementAndGet();
					}

					@Override
					public void apply(LabelEvent event) {
						Follower.this.seqs.add(event.seq());
					}

					@Override
					public void connected(String instance, boolean resumed) {
						Follower.this.connections.add(instance + (resumed ? " resumed" : " fresh"));
					}

				});
	}

	public String camera() {
		return this.camera;
	}

	/** The seqs applied, in the order applied. */
	public List<Long> seqs() {
		return List.copyOf(this.seqs);
	}

	/**
	 * Every hello, in order: the replica, and whether the client resumed or started
	 * afresh.
	 */
	public List<String> connections() {
		return List.copyOf(this.connections);
	}

	/** The replica of the last hello, or {@code null} before the first. */
	public String replica() {
		List<String> all = connections();
		return all.isEmpty() ? null : all.get(all.size() - 1).split(" ")[0];
	}

	public int reloads() {
		return this.reloads.get();
	}

	@Override
	public void close() {
		this.client.close();
	}

}
