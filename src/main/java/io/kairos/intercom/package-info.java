/** Intercom-style messages API and webhooks. */
package io.kairos.intercom;
