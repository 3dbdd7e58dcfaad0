package com.labelpush.labelapi.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.labelpush.testsupport.ApiKeyHashes;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeysTests {

	@Test
	void shouldFindTheCallerByTheKeyAndGrantItsScopes() {
		ApiKeys keys = new ApiKeys(Map.of("admin", key("admin-key", "labels:read", "labels:write"), "reader",
				key("reader-key", "labels:read")));

		Authentication admin = keys.find("admin-key");

		assertThat(admin).isNotNull();
		assertThat(admin.getName()).isEqualTo("admin");
		assertThat(admin.isAuthenticated()).isTrue();
		assertThat(admin.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("SCOPE_labels:read", "SCOPE_labels:write");
		assertThat(keys.find("reader-key").getName()).isEqualTo("reader");
	}

	@Test
	void shouldFindNobodyForAnUnknownKeyOrTheHashItself() {
		ApiKeys keys = new ApiKeys(Map.of("admin", key("admin-key", "labels:write")));

		assertThat(keys.find("admin-key ")).isNull();
		assertThat(keys.find(ApiKeyHashes.sha256("admin-key"))).isNull();
		assertThat(keys.find("")).isNull();
	}

	@Test
	void shouldRefuseTwoNamesWithTheSameKey() {
		Map<String, ApiSecurityProperties.ApiKey> twice = new LinkedHashMap<>();
		twice.put("one", key("same", "labels:read"));
		twice.put("two", key("same", "labels:write"));

		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys(twice))
			.withMessageContaining("labels.security.api-keys.two and labels.security.api-keys.one have the same key");
	}

	private static ApiSecurityProperties.ApiKey key(String key, String... scopes) {
		return new ApiSecurityProperties.ApiKey(ApiKeyHashes.sha256(key), Set.of(scopes));
	}

}
