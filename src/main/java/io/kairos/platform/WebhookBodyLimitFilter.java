package io.kairos.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 to a webhook body over the limit without reading it all: by Content-Length when given, else by
 * reading at most one byte past the limit. A body within the limit is handed on already buffered.
 */
public class WebhookBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final MeterRegistry meters;

    public WebhookBodyLimitFilter(long maxBytes) {
        this(maxBytes, new SimpleMeterRegistry());
    }

    /** Counts each refused body in {@code kairos.webhooks} with outcome {@code too_large}. */
    public WebhookBodyLimitFilter(long maxBytes, MeterRegistry meters) {
        this.maxBytes = maxBytes;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
        if (body.length > maxBytes) {
            tooLarge(request, response);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        meters.counter(WebhookIntake.COUNTER, "source", path.substring(path.lastIndexOf('/') + 1),
                "outcome", "too_large").increment();
        response.setHeader("Connection", "close");
        JsonRefusals.write(response, 413, "payload_too_large", "Webhook body exceeds " + maxBytes + " bytes.");
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) != -1) {
            out.write(buffer, 0, n);
            total += n;
        }
        return out.toByteArray();
    }

    /** A request whose body was read up front. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override public int read() { return in.read(); }
                @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
                @Override public boolean isFinished() { return in.available() == 0; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("body is already buffered");
                }
            };
        }

        /** Camel's HTTP binding reads the body as text; JSON webhooks are UTF-8 unless they say otherwise. */
        @Override
        public BufferedReader getReader() {
            String declared = getCharacterEncoding();
            Charset charset = declared == null ? StandardCharsets.UTF_8 : Charset.forName(declared);
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    /** Registers the filter on the webhook paths only. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        FilterRegistrationBean<WebhookBodyLimitFilter> webhookBodyLimit(WebhookProperties properties,
                                                                         MeterRegistry meters) {
            var registration = new FilterRegistrationBean<>(
                    new WebhookBodyLimitFilter(properties.maxBodySize().toBytes(), meters));
            registration.addUrlPatterns("/webhooks/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }
}
