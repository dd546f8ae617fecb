package dev.turnstile.client.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Reads the commonest command lines without picocli:
 * {@code turnstile-cli [-p PORT] [-h HOST] /url [KEY=VALUE …]} and
 * {@code turnstile-cli [-p PORT] [-h HOST] pull|push [--delete] [-n] [--window N] LOCAL_DIR}.
 * picocli is most of a short call's start-up: building its command model from the annotations
 * costs about 0.2 s, and its classes, compiled for Java 5, are verified at every start and cannot
 * go into the class-data archive.
 *
 * <p>It reads only a subset of what picocli reads, exactly as picocli reads it: the options below,
 * each once, as separate words, with a value that does not start with {@code -} or {@code @};
 * {@code turnstile-cli}'s options before {@code pull} or {@code push} and theirs after it. Anything
 * else (another option, {@code --port=1}, a repeated option, an {@code @file}, {@code --}, no url,
 * {@code --pipe}, {@code --help}, a port that is not a number, or any {@code picocli.*} system
 * property) is left to picocli, so usage errors and their messages stay picocli's.
 */
final class OneShotArguments {

    /** {@code --in-flight}'s default, which only {@code --pipe} uses but {@link Main} checks. */
    private static final int DEFAULT_IN_FLIGHT = 256;
    /** {@code --window}'s default, as {@link SyncCommand} declares it. */
    private static final int DEFAULT_WINDOW = 16;

    private final String[] args;
    private final Set<String> seen = new HashSet<>();
    private int next;

    private OneShotArguments(String[] args) {
        this.args = args;
    }

    /**
     * Reads {@code args} as picocli would, into {@code main} and, for pull and push, a new
     * {@link SyncCommand} under it.
     *
     * @param opener what a {@link SyncCommand} gets its folder from
     * @param terminal whether standard output is a terminal, for a {@link SyncCommand}
     * @return the command to call, or {@code null} when picocli must read the command line; then
     *     {@code main} is untouched
     */
    static Callable<Integer> read(String[] args, Main main, FolderOpener opener, boolean terminal) {
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith("picocli.")) {
                return null;
            }
        }
        for (String arg : args) {
            if (arg.startsWith("@") || arg.equals("--")) {
                return null;
            }
        }
        return new OneShotArguments(args).read(main, opener, terminal);
    }

    private Callable<Integer> read(Main main, FolderOpener opener, boolean terminal) {
        String host = "127.0.0.1";
        String hostname = null;
        String json = null;
        Integer port = null;
        boolean raw = false;
        boolean wait = false;
        List<String> positional = new ArrayList<>();
        String sync = null;
        for (; next < args.length && sync == null; next++) {
            String arg = args[next];
            if (arg.equals("pull") || arg.equals("push")) {
                if (!positional.isEmpty()) {
                    return null;
                }
                sync = arg;
                continue;
            }
            if ((arg.equals("stats") || arg.equals("sync")) && positional.isEmpty()) {
                return null; // a subcommand of picocli's, rarely called: no reason to read it here
            }
            if (!arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            String option = option(arg, "-h", "--host", "-p", "--port", "--hostname", "--json", "--raw", "--wait");
            if (option == null) {
                return null;
            }
            if (option.equals("--raw") || option.equals("--wait")) {
                raw |= option.equals("--raw");
                wait |= option.equals("--wait");
                continue;
            }
            String value = value();
            if (value == null) {
                return null;
            }
            switch (option) {
                case "--host" -> host = value;
                case "--hostname" -> hostname = value;
                case "--json" -> json = value;
                default -> {
                    if (!isSmallNumber(value)) {
                        return null;
                    }
                    port = Integer.parseInt(value);
                }
            }
        }
        SyncCommand syncCommand = null;
        if (sync != null) {
            syncCommand = new SyncCommand(sync.equals("push"), opener, main.out, main.err, terminal);
            if (!readSync(syncCommand)) {
                return null;
            }
            syncCommand.parent = main;
        } else if (positional.isEmpty()) {
            return null;
        }
        main.host = host;
        main.port = port;
        main.hostname = hostname;
        main.json = json;
        main.raw = raw;
        main.waitForSlot = wait;
        main.inFlight = DEFAULT_IN_FLIGHT;
        if (syncCommand != null) {
            return syncCommand;
        }
        main.url = positional.get(0);
        main.pairs = new ArrayList<>(positional.subList(1, positional.size()));
        return main;
    }

    /** Reads what follows {@code pull} or {@code push}: its options and exactly one folder. */
    private boolean readSync(SyncCommand command) {
        String localDir = null;
        int window = DEFAULT_WINDOW;
        for (; next < args.length; next++) {
            String arg = args[next];
            if (arg.equals("pull") || arg.equals("push")) {
                return false;
            }
            if (!arg.startsWith("-")) {
                if (localDir != null) {
                    return false;
                }
                localDir = arg;
                continue;
            }
            String option = option(arg, "-n", "--dry-run", "--delete", "--window");
            if (option == null) {
                return false;
            }
            if (option.equals("--window")) {
                String value = value();
                if (value == null || !isSmallNumber(value)) {
                    return false;
                }
                window = Integer.parseInt(value);
            } else {
                command.delete |= option.equals("--delete");
                command.dryRun |= option.equals("--dry-run");
            }
        }
        if (localDir == null) {
            return false;
        }
        try {
            command.localDir = Path.of(localDir);
        } catch (InvalidPathException e) {
            return false;
        }
        command.window = window;
        return true;
    }

    /**
     * @param names the options that may come here, in pairs of short and long names first
     *     ({@code -h}, {@code --host}), then long names alone
     * @return the long name of {@code arg}, or {@code null} when it is none of {@code names} or
     *     was given before
     */
    private String option(String arg, String... names) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(arg)) {
                String name = names[i].startsWith("--") ? names[i] : names[i + 1];
                return seen.add(name) ? name : null;
            }
        }
        return null;
    }

    /** @return the word after the current option, or {@code null} if there is none or it could be an option */
    private String value() {
        if (next + 1 == args.length || args[next + 1].startsWith("-")) {
            return null;
        }
        return args[++next];
    }

    /** @return whether {@code text} is 1 to 9 ASCII digits, which picocli and parseInt read alike */
    private static boolean isSmallNumber(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
