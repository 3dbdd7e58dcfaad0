package com.labelpush.labelapi.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says, loudly, that the development credentials of the profile 'local' are accepted. */
@Component
@Profile("local")
class LocalProfileWarning {

	private static final Log logger = LogFactory.getLog(LocalProfileWarning.class);

	@EventListener(ApplicationStartedEvent.class)
	void warn() {
		logger.warn("""

				*****************************************************************************
				* Profile 'local' is active: label-api accepts the DEVELOPMENT credentials  *
				* committed with its source (admin API key 'dev-admin-key', gateway key     *
				* 'dev-gateway-key', a public client-token signing key). Anyone can use     *
				* them. Never run with this profile outside a developer's own machine.      *
				*****************************************************************************""");
	}

}
