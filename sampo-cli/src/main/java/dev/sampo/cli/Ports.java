package dev.sampo.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks that the ports {@code up} is about to bind are free, before it touches anything: a
 * broker that finds its port taken fails only after its data directory was recreated, and with
 * a long stack trace.
 */
final class Ports {
    private Ports() {
    }

    /** @param whose what would listen there, and the option that moves it */
    static void requireFreeTcp(InetSocketAddress address, String whose) {
        if (address.getPort() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(address);
        } catch (IOException e) {
            throw inUse(address, whose);
        }
    }

    static void requireFreeUdp(InetSocketAddress address, String whose) {
        if (address.getPort() == 0) {
            return;
        }
        try {
            new DatagramSocket(address).close();
        } catch (IOException e) {
            throw inUse(address, whose);
        }
    }

    private static IllegalStateException inUse(InetSocketAddress address, String whose) {
        return new IllegalStateException("port " + address.getPort() + " is in use (" + whose + ")");
    }
}
