package dev.sampo.cli;

import dev.sampo.sflow.CollectorConfig;
import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** HOST:PORT options ([V6]:PORT for IPv6), parsed with the command line so that a bad one is a usage error. */
final class Addresses {
    private Addresses() {
    }

    /** A server to connect to; a bare PORT means localhost. */
    static final class Remote implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return parse(value, "localhost");
        }
    }

    /** Where to listen; a bare PORT means every IPv4 address. */
    static final class Listen implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return parse(value, "0.0.0.0");
        }
    }

    /** {@code embedded|HOST:PORT}: null stands for the broker {@code up} runs in process. */
    static final class RemoteOrEmbedded implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return value.equals("embedded") ? null : parse(value, "localhost");
        }
    }

    /** {@code HOST:PORT|off}: null stands for off. */
    static final class ListenOrOff implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return value.equals("off") ? null : parse(value, "0.0.0.0");
        }
    }

    private static InetSocketAddress parse(String value, String defaultHost) {
        try {
            return CollectorConfig.parseAddress(value, defaultHost);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
