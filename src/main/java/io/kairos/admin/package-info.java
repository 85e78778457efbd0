/** The admin page served by Kairos itself: what it did and why, what failed and its replay, whether proactive worked. */
package io.kairos.admin;
