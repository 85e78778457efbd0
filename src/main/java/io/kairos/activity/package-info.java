/** When contacts are active, as Kairos sees them in webhooks: their activity histograms in the store, for send-time. */
package io.kairos.activity;
