/** Proactive messages: signals, their audiences, the outbox of planned messages and its dispatch. */
package io.kairos.proactive;
