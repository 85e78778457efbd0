package io.kairos.platform;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.springframework.stereotype.Component;

/**
 * Before every route step, puts the exchange's correlation id into the MDC of the thread that runs the step (or
 * clears it): camel-zendesk answers on its own client threads, which would otherwise log with whatever id the thread
 * held last. A step on an HTTP request thread without an id keeps the request's (see {@link CorrelationFilter}).
 */
@Component
class CorrelationInterceptor implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                String id = exchange.getProperty(Correlation.PROPERTY, String.class);
                if (id != null) {
                    Correlation.set(id);
                } else if (!Correlation.inRequest()) {
                    Correlation.set(null);
                }
                return super.process(exchange, callback);
            }
        };
    }
}
