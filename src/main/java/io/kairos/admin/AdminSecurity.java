package io.kairos.admin;

import io.kairos.platform.JsonRefusals;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /admin/**} with KAIROS_ADMIN_USER / KAIROS_ADMIN_PASSWORD: the pages with a sign-in form and a session
 * (CSRF-protected), the JSON endpoints under {@code /admin/api/} with HTTP Basic and no session. A wrong password gets
 * 401, repeated failures from one client 429. Spring Security sees only {@code /admin/*}: webhooks, {@code /api/**}
 * (its bearer token) and the probes are served exactly as without it.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(AdminSecurity.class);

    static final String ROLE = "ADMIN";
    static final String LOGIN = "/admin/login";
    /** Where a failed or refused sign-in is forwarded to be answered (the form's own URL would sign in again). */
    static final String LOGIN_FAILED = "/admin/login/failed";
    /** Set by the form's failure handler for the login page, which answers it with 401 or 429. */
    static final String LOGIN_ERROR = "kairos.admin.loginError";

    @Bean
    PasswordEncoder adminPasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The one admin account; none when the environment names no user and password (nobody can sign in). */
    @Bean
    UserDetailsService adminUsers(AdminProperties properties, PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        if (properties.configured()) {
            users.createUser(User.withUsername(properties.user().trim())
                    .password(encoder.encode(properties.password())).roles(ROLE).build());
            if (properties.password().length() < 12) {
                LOG.warn("KAIROS_ADMIN_PASSWORD is shorter than 12 characters; choose a longer one");
            }
        } else {
            LOG.warn("The admin page is off: set KAIROS_ADMIN_USER and KAIROS_ADMIN_PASSWORD to sign in at /admin");
        }
        return users;
    }

    /** JSON endpoints: HTTP Basic on every request, no session and so no CSRF exposure; 401 as JSON. */
    @Bean
    @Order(1)
    SecurityFilterChain adminApi(HttpSecurity http, LoginThrottle throttle) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, failure) -> {
            if (failure instanceof BadCredentialsException) {
                throttle.failed(request.getRemoteAddr());
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"Kairos admin\"");
            JsonRefusals.write(response, 401, "unauthorized", "Admin credentials are required.");
        };
        return http
                .securityMatcher("/admin/api/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole(ROLE))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new Throttled(throttle, true), BasicAuthenticationFilter.class)
                .build();
    }

    /** Pages: a sign-in form and a session; anything else than the login page and its stylesheet needs it. */
    @Bean
    @Order(2)
    SecurityFilterChain adminPages(HttpSecurity http, LoginThrottle throttle) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl("/admin");
        return http
                .securityMatcher("/admin", "/admin/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(LOGIN, LOGIN_FAILED, "/admin/assets/**").permitAll()
                        .anyRequest().hasRole(ROLE))
                .formLogin(form -> form
                        .loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        .successHandler((request, response, authentication) -> {
                            throttle.succeeded(request.getRemoteAddr());
                            success.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, failure) -> {
                            throttle.failed(request.getRemoteAddr());
                            request.setAttribute(LOGIN_ERROR, "The user name or password is wrong.");
                            request.getRequestDispatcher(LOGIN_FAILED).forward(request, response);
                        }))
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl(LOGIN + "?signedOut"))
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint(LOGIN)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new Throttled(throttle, false), UsernamePasswordAuthenticationFilter.class)
                .build();
    }

    /**
     * Spring Boot registers Spring Security for every path; Kairos narrows it to the admin page, so nothing else
     * (the webhook ingest path above all) pays for, or can be refused by, its filters and firewall.
     */
    @Bean
    static BeanPostProcessor adminOnlySecurityFilter() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) throws BeansException {
                // The bean SecurityFilterAutoConfiguration registers under its method's name.
                if (bean instanceof DelegatingFilterProxyRegistrationBean registration
                        && "securityFilterChainRegistration".equals(name)) {
                    registration.setUrlPatterns(List.of("/admin/*"));
                }
                return bean;
            }
        };
    }

    /** Refuses a sign-in attempt from a client that failed too often: 429 with Retry-After, before any check. */
    static final class Throttled extends OncePerRequestFilter {

        private final LoginThrottle throttle;
        private final boolean json;

        Throttled(LoginThrottle throttle, boolean json) {
            this.throttle = throttle;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            boolean attempt = json ? request.getHeader("Authorization") != null
                    : "POST".equals(request.getMethod()) && LOGIN.equals(request.getServletPath());
            Duration wait = attempt ? throttle.retryAfter(request.getRemoteAddr()) : Duration.ZERO;
            if (wait.isZero()) {
                chain.doFilter(request, response);
                return;
            }
            long seconds = JsonRefusals.retryAfterSeconds(wait);
            response.setHeader("Retry-After", Long.toString(seconds));
            if (json) {
                JsonRefusals.write(response, 429, "too_many_failed_sign_ins", "Too many failed sign-ins from this "
                        + "address; retry in " + seconds + " s.");
            } else {
                request.setAttribute(LOGIN_ERROR, "Too many failed sign-ins from this address; try again in "
                        + seconds + " seconds.");
                request.setAttribute(LOGIN_ERROR + ".status", 429);
                request.getRequestDispatcher(LOGIN_FAILED).forward(request, response);
            }
        }
    }
}
