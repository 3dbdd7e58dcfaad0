package com.labelpush.labelapi.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.labelpush.labelapi.clienttoken.ClientTokenProperties;
import com.labelpush.labelapi.security.ApiSecurityProperties;
import com.labelpush.labelapi.web.WebProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.annotation.AliasFor;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.context.ActiveProfiles;

/**
 * label-api's web layer alone (the controllers named, validation, problem details, the
 * body limit and the real security chain with the test profile's API keys), without
 * PostgreSQL or RabbitMQ: the services behind the controllers are mocks each test
 * declares. For the answers to bad requests, which must come before anything is stored.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = { "com\\.labelpush\\.labelapi\\.security\\.SecurityConfiguration",
				"com\\.labelpush\\.labelapi\\.web\\.WebConfiguration",
				"com\\.labelpush\\.labelapi\\.clienttoken\\.ClientTokenConfiguration" }))
// a slice does not scan for settings records: the web layer's are named
@EnableConfigurationProperties({ ApiSecurityProperties.class, ClientTokenProperties.class, WebProperties.class })
@ActiveProfiles("test")
public @interface RestSliceTest {

	/**
	 * The controllers under test.
	 * @return the controllers
	 */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value();

}
