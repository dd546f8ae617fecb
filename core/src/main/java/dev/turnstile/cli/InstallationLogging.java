package dev.turnstile.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;

/**
 * The logging of an installed server, set up in code: INFO and above to the console (standard
 * output, short lines) and to {@code logs/turnstile.log} of the installation, rolled at 10 MB into
 * {@code turnstile.1.log.gz} … {@code turnstile.10.log.gz}, newest first.
 * {@code -Dturnstile.log.file=false} keeps only the console, for a service manager that already
 * stores standard output.
 *
 * <p>Why by size only: Logback's time-based rolling sets up the JDK's calendar and locale data and
 * compiles regular expressions for the archive's names, about 100 ms of every start on one core,
 * a fifth of the server's start-up (docs/performance.md).
 *
 * <p>Why in code: reading the same set-up from {@code logback.xml} costs about 0.3 s of CPU at
 * every start (Logback's XML configurator), which is more than the rest of start-up after the JVM
 * and the command line together (docs/performance.md). A user who wants another set-up writes
 * {@code conf/logback.xml}; {@code bin/turnstile} then passes it in
 * {@code logback.configurationFile}, and this class steps aside.
 *
 * <p>Found by Logback through {@link java.util.ServiceLoader}. It acts only for an installation
 * ({@code turnstile.home} set, as {@code bin/turnstile} does), so that a plugin author's tests,
 * which have Turnstile's core on their class path, keep their own {@code logback-test.xml}.
 */
public final class InstallationLogging extends ContextAwareBase implements Configurator {

    private static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %-5level %msg%n";
    private static final int KEPT_FILES = 10;
    private static final String FILE_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger - %msg%n";

    /** For {@link java.util.ServiceLoader}. */
    public InstallationLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String home = System.getProperty("turnstile.home");
        if (home == null || home.isBlank() || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console(context));
        if (!"false".equals(System.getProperty("turnstile.log.file"))) {
            root.addAppender(file(context, Path.of(home, "logs")));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context, CONSOLE_PATTERN));
        console.start();
        return console;
    }

    private static RollingFileAppender<ILoggingEvent> file(LoggerContext context, Path logs) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(logs.resolve("turnstile.log").toString());

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(logs.resolve("turnstile.%i.log.gz").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_FILES);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder(context, FILE_PATTERN));
        file.start();
        return file;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
