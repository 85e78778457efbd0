/** Intake plumbing shared by the webhook sources: webhook paths are answered only once their routes run. */
package io.kairos.webhooks;
