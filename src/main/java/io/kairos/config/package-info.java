/**
 * Ops-owned configuration files (mappings, message and timing policies, templates): checked against their schemas
 * before anything is applied, at start-up, on reload and on demand.
 */
package io.kairos.config;
