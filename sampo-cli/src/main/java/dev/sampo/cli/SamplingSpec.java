package dev.sampo.cli;

import dev.sampo.sampling.Sampler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code --sample} value, checked when the command line is parsed (a bad one is a usage error);
 * a {@link Sampler} counts what it sees, so every run gets a fresh one.
 */
record SamplingSpec(String text) {
    static SamplingSpec of(String text) {
        Sampler.parse(text);
        return new SamplingSpec(text);
    }

    Sampler sampler() {
        return Sampler.parse(text);
    }

    @Override
    public String toString() {
        return text;
    }

    static final class Converter implements ITypeConverter<SamplingSpec> {
        @Override
        public SamplingSpec convert(String value) {
            try {
                return of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
