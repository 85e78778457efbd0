/** What proactive messages change, measured: held-out customers against notified ones, with confidence intervals. */
package io.kairos.impact;
