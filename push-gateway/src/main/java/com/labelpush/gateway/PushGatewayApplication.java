package com.labelpush.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PushGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(PushGatewayApplication.class, args);
	}

}
