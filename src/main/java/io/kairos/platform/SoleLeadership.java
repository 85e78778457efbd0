package io.kairos.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Leader election off: this replica is the only candidate and holds every role from the start. */
class SoleLeadership implements Leadership {

    @Override
    public void watch(String role, Listener listener) {
        listener.granted();
    }

    @Override
    public String memberId() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
