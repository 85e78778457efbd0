package io.kairos.proactive;

import java.util.regex.Pattern;

/**
 * What a signal's recordId must be. An ORDER_DELAY names its Order by Salesforce id, which goes into the SOQL that
 * finds whom to tell, so it must be 15 or 18 characters of Salesforce's id alphabet with the Order key prefix
 * ({@value #ORDER_KEY_PREFIX}); an account-contacts kind names its record by Salesforce id too; the other types take
 * a free reference (a known issue's id or its name, KI-0042).
 */
public final class SignalRecordIds {

    static final String ORDER_KEY_PREFIX = "801";
    static final String FIELD = "recordId";

    // 15 case-sensitive letters and digits; the 18-character form adds a case checksum drawn from A-Z and 0-5.
    private static final Pattern SALESFORCE_ID = Pattern.compile("[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?");
    private static final String CHECKSUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    // Enough of a refused value to recognise it in an answer or a dead letter, not enough to flood either.
    private static final int SHOWN = 40;

    private SignalRecordIds() {
    }

    /**
     * Refuses a recordId the signal's type cannot use.
     *
     * @throws InvalidSignalException naming {@code recordId}
     */
    public static void check(Signal.Type type, String recordId) {
        SignalCatalog.BUILT_IN.kind(type).ifPresent(kind -> check(kind, recordId));
    }

    /**
     * Refuses a recordId the kind cannot use: a kind whose audience is an Order's contact needs the Order's id.
     *
     * @throws InvalidSignalException naming {@code recordId}
     */
    public static void check(SignalKind kind, String recordId) {
        if (kind.audience() == SignalKind.Audience.ACCOUNT_CONTACTS) {
            checkAccountRecord(kind, recordId);
            return;
        }
        if (kind.audience() != SignalKind.Audience.ORDER_CONTACT) {
            return;
        }
        String type = kind.type().name();
        if (recordId == null || recordId.isBlank()) {
            throw new InvalidSignalException(FIELD, "is required for " + type + ": the order's id");
        }
        if (!isSalesforceId(recordId)) {
            throw new InvalidSignalException(FIELD, shown(recordId) + " is not a Salesforce id: " + type + " needs "
                    + "the Order's id, 15 or 18 letters and digits");
        }
        if (!recordId.startsWith(ORDER_KEY_PREFIX)) {
            throw new InvalidSignalException(FIELD, shown(recordId) + " is not an Order id: " + type + " needs an id "
                    + "with the Order key prefix " + ORDER_KEY_PREFIX);
        }
    }

    /** An account-contacts kind reads the Account of its record, which goes into SOQL: any Salesforce id. */
    private static void checkAccountRecord(SignalKind kind, String recordId) {
        String type = kind.type().name();
        if (recordId == null || recordId.isBlank()) {
            throw new InvalidSignalException(FIELD, "is required for " + type + ": the " + kind.recordEntity()
                    + "'s id");
        }
        if (!isSalesforceId(recordId)) {
            throw new InvalidSignalException(FIELD, shown(recordId) + " is not a Salesforce id: " + type + " needs "
                    + "the " + kind.recordEntity() + "'s id, 15 or 18 letters and digits");
        }
    }

    /** Whether the text has the form of a Salesforce record id, whatever its object. */
    public static boolean isSalesforceId(String text) {
        return text != null && SALESFORCE_ID.matcher(text).matches();
    }

    /**
     * Whether two record references name the same record. A Salesforce id may come in its 15-character form, which
     * is case-sensitive, or its 18-character form, whose last three characters encode the case of the first 15 so
     * that it can be compared ignoring case: both are brought to 18 characters and compared so. Any other reference
     * (a known issue's name) is compared exactly.
     */
    public static boolean sameRecord(String one, String other) {
        if (one == null || other == null || one.equals(other)) {
            return one != null && one.equals(other);
        }
        return isSalesforceId(one) && isSalesforceId(other) && eighteen(one).equalsIgnoreCase(eighteen(other));
    }

    /** The 18-character form of a Salesforce id: per block of five, a bit for each upper-case letter. */
    static String eighteen(String id) {
        if (id.length() == 18) {
            return id;
        }
        StringBuilder suffix = new StringBuilder(3);
        for (int block = 0; block < 3; block++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id.charAt(block * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(CHECKSUM.charAt(bits));
        }
        return id + suffix;
    }

    private static String shown(String value) {
        String cut = value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "…";
        return "'" + cut + "'";
    }
}
