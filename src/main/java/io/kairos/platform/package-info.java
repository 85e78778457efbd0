/**
 * Cross-cutting pieces: configuration checks, the durable inbox, dead letters, shared route configuration, and
 * what several replicas share: leader election, leader terms and outbound rate limits.
 */
package io.kairos.platform;
