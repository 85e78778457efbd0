package io.kairos.impact;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the control-group comparison is read.
 *
 * @param minGroupSize customers each group (notified and held out) needs before a figure is shown; below it the
 *                     comparison says "not enough data yet"
 * @param metricsDays  the Prometheus gauges compare the signals received in this many last days
 */
@ConfigurationProperties("kairos.impact")
public record ImpactProperties(@DefaultValue("100") int minGroupSize, @DefaultValue("90") int metricsDays) { }
