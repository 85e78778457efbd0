package io.kairos.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Marks every answer of a simulated system with {@code X-Kairos-Sandbox: true}, so nobody mistakes it for the real one. */
@Component
@Profile("sandbox")
class SandboxHeaderFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Kairos-Sandbox";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().substring(request.getContextPath().length()).startsWith("/sandbox/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, "true");
        chain.doFilter(request, response);
    }
}
