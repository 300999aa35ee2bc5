package dev.sampo.capture;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Moves the calling thread into a named network namespace ({@code ip netns} names, i.e. files
 * under {@code /run/netns}). Linux keeps the network namespace per thread, and a packet socket
 * belongs to the namespace it was created in: a thread that enters a namespace and then opens a
 * pcap handle captures there, while the rest of the JVM (a Kafka producer's sockets included)
 * stays where it was. Threads the entering thread starts later inherit the namespace, so it must
 * start none.
 */
final class NetworkNamespace {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int ENOENT = 2;
    private static final int EPERM = 1;

    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private NetworkNamespace() {
    }

    static void enter(String name) throws CaptureException {
        if (name.contains("/")) {
            throw new CaptureException("network namespace '" + name + "': give a name as `ip netns list` shows it");
        }
        String path = "/run/netns/" + name;
        LibC c = Native.load("c", LibC.class);
        int fd;
        try {
            fd = c.open(path, O_RDONLY | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new CaptureException(e.getErrorCode() == ENOENT
                    ? "no network namespace '" + name + "' (" + path + " is missing): see `ip netns list`"
                    : "cannot open " + path + ": " + e.getMessage(), e);
        }
        try {
            c.setns(fd, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new CaptureException(e.getErrorCode() == EPERM
                    ? "entering network namespace '" + name + "' needs CAP_SYS_ADMIN: run as root"
                    : "setns(" + path + "): " + e.getMessage(), e);
        } finally {
            c.close(fd);
        }
    }
}
