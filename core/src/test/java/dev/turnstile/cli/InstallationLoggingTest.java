package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationLoggingTest {

    private static final String[] PROPERTIES = {"turnstile.home", "turnstile.log.file", "logback.configurationFile"};

    @TempDir
    Path home;

    private final Map<String, String> saved = new HashMap<>();
    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void saveProperties() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        for (String name : PROPERTIES) {
            saved.put(name, System.getProperty(name));
            System.clearProperty(name);
        }
    }

    @AfterEach
    void restoreProperties() {
        context.stop();
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void anInstallationLogsInfoToTheConsoleAndToLogsTurnstileLog() throws Exception {
        System.setProperty("turnstile.home", home.toString());

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertNotNull(root.getAppender("CONSOLE"));
        context.getLogger("dev.turnstile.example").info("listening on {}", "127.0.0.1:8888");
        context.getLogger("dev.turnstile.example").debug("not at INFO");
        context.stop();

        String log = Files.readString(home.resolve("logs/turnstile.log"));
        assertTrue(log.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ INFO  \\[[^]]+] "
                + "dev\\.turnstile\\.example - listening on 127\\.0\\.0\\.1:8888\\R"), log);
    }

    @Test
    void theLogRollsAtTenMegabytesIntoTenCompressedFiles() throws Exception {
        System.setProperty("turnstile.home", home.toString());
        configure();
        RollingFileAppender<ILoggingEvent> file = (RollingFileAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE");
        FixedWindowRollingPolicy rolling = (FixedWindowRollingPolicy) file.getRollingPolicy();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = (SizeBasedTriggeringPolicy<ILoggingEvent>) file.getTriggeringPolicy();
        assertEquals(1, rolling.getMinIndex());
        assertEquals(10, rolling.getMaxIndex());
        assertEquals(FileSize.valueOf("10MB").getSize(), trigger.getMaxFileSize().getSize());

        context.getLogger("dev.turnstile.example").info("before the roll");
        file.rollover();
        context.getLogger("dev.turnstile.example").info("after the roll");
        context.stop();

        try (InputStream in = new GZIPInputStream(Files.newInputStream(home.resolve("logs/turnstile.1.log.gz")))) {
            String rolled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(rolled.contains("before the roll") && !rolled.contains("after the roll"), rolled);
        }
        String current = Files.readString(home.resolve("logs/turnstile.log"));
        assertTrue(current.contains("after the roll") && !current.contains("before the roll"), current);
    }

    @Test
    void turnstileLogFileFalseKeepsOnlyTheConsole() {
        System.setProperty("turnstile.home", home.toString());
        System.setProperty("turnstile.log.file", "false");

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertNotNull(root.getAppender("CONSOLE"));
        assertNull(root.getAppender("FILE"));
        context.getLogger("dev.turnstile.example").info("console only");
        assertFalse(Files.exists(home.resolve("logs")));
    }

    @Test
    void withoutAnInstallationLogbackChoosesAsUsual() {
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure());

        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }

    @Test
    void aLogbackConfigurationFileWinsOverTheBuiltInSetUp() {
        System.setProperty("turnstile.home", home.toString());
        System.setProperty("logback.configurationFile", home.resolve("conf/logback.xml").toString());

        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configure());

        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
        assertFalse(Files.exists(home.resolve("logs")));
    }

    private ExecutionStatus configure() {
        InstallationLogging logging = new InstallationLogging();
        logging.setContext(context);
        return logging.configure(context);
    }
}
