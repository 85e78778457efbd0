/** Cross-cutting pieces: configuration checks, the durable inbox, dead letters, shared route configuration. */
package io.kairos.platform;
