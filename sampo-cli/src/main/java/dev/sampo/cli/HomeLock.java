package dev.sampo.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code up} per home directory: a lock on {@code sampo.lock}, which holds its owner's pid.
 * A second {@code up} on the same home would otherwise recreate the broker's data and the
 * checkpoints under the first one's feet. The operating system drops the lock when its process
 * dies, so a crash leaves nothing stale behind.
 */
final class HomeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException naming the home and the pid of the process that holds it */
    static HomeLock acquire(Path home) throws IOException {
        Files.createDirectories(home);
        Path file = home.resolve("sampo.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            throw new IllegalStateException("another sampo up is running with home " + home.toAbsolutePath()
                    + ", pid " + (pid.isEmpty() ? "unknown" : pid));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        channel.force(false);
        return new HomeLock(channel, lock);
    }

    /** Releases the lock; the file stays, as deleting it could race the next owner's lock. */
    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
