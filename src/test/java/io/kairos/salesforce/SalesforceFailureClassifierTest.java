package io.kairos.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.kairos.platform.Failure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How Salesforce's answers are treated: quota waits long, transient failures retry, refusals are final. */
class SalesforceFailureClassifierTest {

    private final SalesforceFailureClassifier classifier = new SalesforceFailureClassifier();

    @Test
    void anExhaustedDailyAllowanceWaitsTheConfiguredBackoffWithoutSpendingAttempts() {
        SalesforceQuotaExhaustedException quota = new SalesforceQuotaExhaustedException(Duration.ofMinutes(15),
                new SalesforceException(List.of(new RestError("REQUEST_LIMIT_EXCEEDED",
                        "TotalRequests Limit exceeded.")), 403));

        assertThat(classifier.classify(quota)).contains(new Failure(Failure.Kind.QUOTA, Duration.ofMinutes(15),
                "Salesforce daily API allowance exhausted (REQUEST_LIMIT_EXCEEDED); back off for 15m"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {500, 502, 503, 401, 408})
    void serverErrorsExpiredSessionsAndTimeoutsAreRetried(int status) {
        Failure failure = classifier.classify(new SalesforceException("refused", status)).orElseThrow();

        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.reason()).startsWith("Salesforce answered " + status + ": ");
    }

    @Test
    void aSessionCamelSalesforceHasNotEstablishedYetIsRetriedButOtherNullPointersAreNotItsToKnow() {
        NullPointerException notLoggedIn = new NullPointerException("Cannot invoke \"org.apache.camel.component."
                + "salesforce.internal.SalesforceSession.getAccessToken()\" because \"this.session\" is null");
        notLoggedIn.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "org.apache.camel.component.salesforce.internal.client.AbstractClientBase", "doHttpRequest",
                "AbstractClientBase.java", 180)});
        NullPointerException kairosBug = new NullPointerException("Cannot invoke \"String.trim()\" because "
                + "\"email\" is null");
        kairosBug.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "io.kairos.salesforce.SalesforceCustomerDirectory", "contact", "SalesforceCustomerDirectory.java",
                118)});

        assertThat(classifier.classify(notLoggedIn).orElseThrow().kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classifier.classify(kairosBug)).isEmpty();
    }

    @Test
    void aConcurrencyLimitIsRetried() {
        SalesforceException limited = new SalesforceException(List.of(new RestError("REQUEST_LIMIT_EXCEEDED",
                "ConcurrentPerOrgLongTxn Limit exceeded.")), 403);

        Failure failure = classifier.classify(limited).orElseThrow();

        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.reason()).startsWith("Salesforce answered 403: ");
    }

    @Test
    void otherRefusalsAreFinal() {
        SalesforceException forbidden = new SalesforceException(List.of(new RestError("INSUFFICIENT_ACCESS",
                "no access to Contact")), 403);
        SalesforceException noErrors = new SalesforceException("Forbidden", 403);
        SalesforceException malformed = new SalesforceException(List.of(new RestError("MALFORMED_QUERY",
                "unexpected token: FROM")), 400);
        SalesforceException missingField = new SalesforceException(List.of(new RestError("INVALID_FIELD",
                "No such column 'Support_Tier__c' on entity 'Account'")), 400);

        for (SalesforceException refusal : List.of(forbidden, noErrors, malformed, missingField)) {
            Failure failure = classifier.classify(refusal).orElseThrow();
            assertThat(failure.kind()).as(refusal.getMessage()).isEqualTo(Failure.Kind.PERMANENT);
            assertThat(failure.delay()).isEqualTo(Duration.ZERO);
            assertThat(failure.reason()).startsWith("Salesforce answered " + refusal.getStatusCode() + ": ");
        }
        assertThat(classifier.classify(missingField).orElseThrow().reason()).contains("Support_Tier__c");
    }

    @Test
    void leavesFailuresWithoutAStatusToOtherClassifiers() {
        assertThat(classifier.classify(new SalesforceException("login failed", new IOException("x"))))
                .isEmpty();
        assertThat(classifier.classify(new IllegalStateException("boom"))).isEmpty();
    }
}
