package de.kistenwerk.xentral;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Instance address (without /api) and credentials. */
@ConfigurationProperties(prefix = "xentral")
public record XentralProperties(String baseUrl, String token, String legacyUser, String legacyPassword) {
}
