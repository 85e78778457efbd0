package io.kairos.proactive;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudienceFilterTest {

    private static final List<String> FIELDS = List.of("Email", "AccountId", "Account.Name",
            "Account.Support_Tier__c", "MailingCountry", "Time_Zone__c", "HasOptedOutOfEmail", "Products__c");

    @ParameterizedTest
    @ValueSource(strings = {
            "MailingCountry = 'DE'",
            "mailingcountry='DE'",
            "Account.Support_Tier__c IN ('Gold', 'Platinum') AND MailingCountry != 'US'",
            "Account.Support_Tier__c NOT IN ('Bronze')",
            "NOT (MailingCountry = 'DE' OR MailingCountry = 'AT')",
            "((Account.Name LIKE 'Acme%'))",
            "Account.Name LIKE 'O\\'Brien\\_s %'",
            "Email = 'x\\' OR Email != null --'",
            "HasOptedOutOfEmail = false AND Email != null",
            "AccountId = null",
            "Products__c INCLUDES ('Sync App', 'Widget Pro') OR Products__c EXCLUDES ('Legacy')",
            "Time_Zone__c >= 'Europe/' AND Time_Zone__c < 'Europe0'",
            "Account.Name = 'Müller GmbH'",
            "Email <= 'm' OR Email > 'x'",
            "MailingCountry = 'DE'\n  AND\tEmail != null",
    })
    void safeClausesPass(String clause) {
        assertThatCode(() -> AudienceFilter.validate(clause, FIELDS)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Email = TODAY",
            "Email > LAST_N_DAYS:30",
            "Email < n_days_ago:3",
            "Email >= 2026-01-31",
            "Email >= 2026-01-31T10:00:00Z",
            "Email >= 2026-01-31T10:00:00.000+01:00",
            "Email = 42",
            "Email = -4.5",
            "Email IN (1, 2, 3)",
    })
    void literalsOfEveryKindPass(String clause) {
        assertThatCode(() -> AudienceFilter.validate(clause, FIELDS)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            Email != null OR Id IN (SELECT ContactId FROM Case)    | field 'Id' at position 18 is not allowed
            AccountId IN (SELECT AccountId FROM Asset)             | subqueries are not allowed
            (SELECT Id FROM User)                                  | subqueries are not allowed
            Email = 'a'; DELETE FROM Contact                       | ';' is not allowed
            Email = 'a' -- and the rest                            | comments are not allowed
            Email = 'a' /* hidden */                               | comments are not allowed
            CALENDAR_YEAR(Account.Name) = 2020                     | functions are not allowed
            Email = CONVERT(Email)                                 | functions are not allowed
            Email = TODAY()                                        | functions are not allowed
            (Email = 'a'                                           | unbalanced parenthesis
            Email = 'a')                                           | unbalanced parenthesis
            Email = 'a' ORDER BY Name                              | unexpected 'ORDER' at position 13
            Email = 'a' LIMIT 1                                    | unexpected 'LIMIT'
            Email = 'a' AND Phone = '1'                            | field 'Phone' at position 17 is not allowed
            Account.Owner.Email = 'boss@x.example'                 | field 'Account.Owner.Email'
            Email = 'unterminated                                  | unterminated string
            Email = 'a' 'b'                                        | unexpected ''b''
            Email = 'bad\\x escape'                                | invalid escape
            Email <> 'a'                                           | unknown operator '<>'
            Email == 'a'                                           | unknown operator '=='
            Email 'a'                                              | expected an operator
            Email LIKE Account.Name                                | LIKE needs a quoted string
            Email = Account.Name                                   | expected a value
            Email = NEXT_N_DAYS                                    | expected a value
            Email IN ()                                            | expected a value
            Email IN 'a'                                           | expected '('
            Email IN ('a' 'b')                                     | expected ',' or ')'
            Email = 'a' AND                                        | expected a field name but found the end
            AND Email = 'a'                                        | expected a field name but found 'AND'
            Email = 'a' OR OR Email = 'b'                          | expected a field name
            Email = `a`                                            | character '`' is not allowed
            Email = "a"                                            | character '"' is not allowed
            Email = :bind                                          | character ':' is not allowed
            Email = {!secret}                                      | character '{' is not allowed
            """)
    void unsafeClausesAreRefusedWithAReason(String clause, String reason) {
        assertThatThrownBy(() -> AudienceFilter.validate(clause, FIELDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("audience refused: ")
                .hasMessageContaining(reason);
    }

    @Test
    void emptyAndBlankAreRefused() {
        for (String clause : new String[] {null, "", "   \n"}) {
            assertThatThrownBy(() -> AudienceFilter.validate(clause, FIELDS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("audience is empty");
        }
    }

    @Test
    void overlongClauseIsRefusedBeforeParsing() {
        String clause = "Email = '" + "a".repeat(AudienceFilter.MAX_LENGTH) + "'";

        assertThatThrownBy(() -> AudienceFilter.validate(clause, FIELDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("audience is longer than 2000 characters");
    }

    @Test
    void controlCharactersAreRefusedEvenInStrings() {
        assertThatThrownBy(() -> AudienceFilter.validate("Email = 'a\u0000b'", FIELDS))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> AudienceFilter.validate("Email = 'a'\u0000", FIELDS))
                .hasMessageContaining("character '\\u0000' is not allowed");
    }

    @Test
    void nothingPassesAnEmptyAllowList() {
        assertThatThrownBy(() -> AudienceFilter.validate("Email = 'a'", List.of()))
                .hasMessageContaining("field 'Email' at position 1 is not allowed");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThatCode(() -> AudienceFilter.validate("email like 'a%' and not accountid in ('001') or email = NULL",
                FIELDS)).doesNotThrowAnyException();
    }
}
