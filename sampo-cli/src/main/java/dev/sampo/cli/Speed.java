package dev.sampo.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --speed X|max}: times the captured pace; max is {@link Double#POSITIVE_INFINITY}. */
final class Speed implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        if (value.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double x = Double.parseDouble(value);
            if (x > 0 && Double.isFinite(x)) {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below, with the accepted forms
        }
        throw new TypeConversionException("'" + value + "' is not a speed: a positive number or max");
    }
}
