package dev.sampo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An input file, checked when the command line is parsed: before a command connects to anything. */
final class ReadableFile implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        Path file = Path.of(value);
        if (!Files.exists(file)) {
            throw new TypeConversionException(value + ": no such file or directory");
        }
        if (Files.isDirectory(file)) {
            throw new TypeConversionException(value + ": a directory, not a file");
        }
        if (!Files.isReadable(file)) {
            throw new TypeConversionException(value + ": permission denied");
        }
        return file;
    }
}
