package com.labelpush.gateway.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says, loudly, that the development credential of the profile 'local' is in use. */
@Component
@Profile("local")
class LocalProfileWarning {

	private static final Log logger = LogFactory.getLog(LocalProfileWarning.class);

	@EventListener(ApplicationStartedEvent.class)
	void warn() {
		logger.warn("""

				*****************************************************************************
				* Profile 'local' is active: push-gateway calls label-api with the public   *
				* DEVELOPMENT key 'dev-gateway-key' and trusts the client tokens of the     *
				* label-api it finds there. Never run with this profile outside a           *
				* developer's own machine.                                                  *
				*****************************************************************************""");
	}

}
