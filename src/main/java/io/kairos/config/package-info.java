/**
 * Ops-owned files (mappings, message and timing policies, templates, routes and Kamelets): checked against their
 * schemas and conventions before anything is applied, at start-up, on reload and on demand, and applied live.
 */
package io.kairos.config;
