package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignalRecordIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"801000000000102", "801000000000102AAA", "8018c000000AbCd", "8018c000000AbCdEFA",
            "8018c000000abcd0x5"})
    void anOrderDelayTakesA15Or18CharacterOrderId(String recordId) {
        assertThatCode(() -> SignalRecordIds.check(Signal.Type.ORDER_DELAY, recordId)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8018c0000' OR Id != '", "801000000000102AAA' OR Id != '", "801A", "00000102",
            "8010000000001021", "801000000000102AA", "801000000000102AAAA", "801000000000102AA9",
            "801-00000000-102", "80100000000010 ", "８０１000000000102"})
    void anOrderDelayRefusesWhatIsNoSalesforceId(String recordId) {
        assertThatThrownBy(() -> SignalRecordIds.check(Signal.Type.ORDER_DELAY, recordId))
                .isInstanceOfSatisfying(InvalidSignalException.class, e -> {
                    assertThat(e.field()).isEqualTo("recordId");
                    assertThat(e.getMessage()).contains("not a Salesforce id");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"001000000000102AAA", "003000000000001", "a0B000000000001AAA"})
    void anOrderDelayRefusesTheIdOfAnotherObject(String recordId) {
        assertThatThrownBy(() -> SignalRecordIds.check(Signal.Type.ORDER_DELAY, recordId))
                .isInstanceOf(InvalidSignalException.class)
                .hasMessage("recordId: '" + recordId + "' is not an Order id: ORDER_DELAY needs an id with the "
                        + "Order key prefix 801");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void anOrderDelayNeedsARecordId(String recordId) {
        assertThatThrownBy(() -> SignalRecordIds.check(Signal.Type.ORDER_DELAY, recordId))
                .hasMessage("recordId: is required for ORDER_DELAY: the order's id");
        assertThatThrownBy(() -> SignalRecordIds.check(Signal.Type.ORDER_DELAY, null))
                .isInstanceOf(InvalidSignalException.class);
    }

    @ParameterizedTest
    @MethodSource("io.kairos.support.Fixtures#builtInTypesButOrderDelay")
    void otherTypesTakeAFreeReference(Signal.Type type) {
        assertThatCode(() -> {
            SignalRecordIds.check(type, "KI-0042");
            SignalRecordIds.check(type, null);
        }).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {41, 100})
    void aLongRefusedValueIsShownCut(int length) {
        String recordId = "x".repeat(length);
        assertThatThrownBy(() -> SignalRecordIds.check(Signal.Type.ORDER_DELAY, recordId))
                .hasMessageStartingWith("recordId: '" + "x".repeat(40) + "…' is not a Salesforce id");
    }

    /** Ids from a platform event Salesforce delivered (real-payloads/salesforce), in both forms. */
    @org.junit.jupiter.api.Test
    void aSalesforceIdIsTheSameRecordIn15Or18CharactersAndOnlyThe15CharacterFormIsCaseSensitive() {
        assertThat(SignalRecordIds.eighteen("0057a00000Csmbu")).isEqualTo("0057a00000CsmbuAAB");
        assertThat(SignalRecordIds.eighteen("0017a00002556lh")).isEqualTo("0017a00002556lhAAA");
        assertThat(SignalRecordIds.sameRecord("0057a00000Csmbu", "0057a00000CsmbuAAB")).isTrue();
        assertThat(SignalRecordIds.sameRecord("0057A00000CSMBUAAB", "0057a00000CsmbuAAB")).isTrue();
        assertThat(SignalRecordIds.sameRecord("0057a00000CsmbuAAB", "0057a00000csmbu")).isFalse();
        assertThat(SignalRecordIds.sameRecord("0057a00000Csmbu", "0057a00000csmbu")).isFalse();
        assertThat(SignalRecordIds.sameRecord("KI-0042", "KI-0042")).isTrue();
        assertThat(SignalRecordIds.sameRecord("KI-0042", "ki-0042")).isFalse();
        assertThat(SignalRecordIds.sameRecord(null, null)).isFalse();
    }

    @Test
    void anAccountContactsKindTakesAnySalesforceIdButNothingElse() {
        SignalKind churn = new SignalKind(Signal.Type.valueOf("CHURN_RISK"), "", SignalKind.Audience.ACCOUNT_CONTACTS,
                Set.of(SignalKind.Source.API));

        assertThatCode(() -> SignalRecordIds.check(churn, "001000000000007AAA")).doesNotThrowAnyException();
        assertThatCode(() -> SignalRecordIds.check(churn, "0060000000000aB")).doesNotThrowAnyException();
        assertThatThrownBy(() -> SignalRecordIds.check(churn, "001' OR Name != '"))
                .isInstanceOf(InvalidSignalException.class).hasMessageContaining("is not a Salesforce id");
        assertThatThrownBy(() -> SignalRecordIds.check(churn, " "))
                .isInstanceOf(InvalidSignalException.class).hasMessageContaining("is required for CHURN_RISK");
    }
}
