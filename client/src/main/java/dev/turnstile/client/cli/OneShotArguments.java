package dev.turnstile.client.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the command line of the commonest call, {@code turnstile-cli [-p PORT] [-h HOST] /url
 * [KEY=VALUE …]}, without picocli, which is most of a one-shot call's start-up: building its
 * command model from the annotations costs about 0.2 s, and its classes, compiled for Java 5,
 * are verified at every start and cannot go into the class-data archive.
 *
 * <p>It reads only a subset of what picocli reads, exactly as picocli reads it: a url, pairs and
 * the options below, each once, as separate words, with a value that does not start with
 * {@code -}. Anything else (another option, {@code --port=1}, a repeated option, a subcommand, an
 * {@code @file}, {@code --}, no url, {@code --pipe}, {@code --help}, a port that is not a number,
 * or any {@code picocli.*} system property) is left to picocli, so usage errors and their
 * messages stay picocli's.
 */
final class OneShotArguments {

    /** {@code --in-flight}'s default, which only {@code --pipe} uses but {@link Main} checks. */
    private static final int DEFAULT_IN_FLIGHT = 256;

    private OneShotArguments() {
    }

    /**
     * Fills {@code main}'s fields from {@code args} as picocli would.
     *
     * @return whether it did; when {@code false}, {@code main} is untouched and picocli must read
     *     the command line
     */
    static boolean read(String[] args, Main main) {
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith("picocli.")) {
                return false;
            }
        }
        String host = "127.0.0.1";
        String hostname = null;
        String json = null;
        int port = 8888;
        boolean raw = false;
        boolean wait = false;
        List<String> positional = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("pull") || arg.equals("push") || arg.startsWith("@")) {
                return false;
            }
            if (!arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            String option = canonical(arg);
            if (option == null || !seen.add(option)) {
                return false;
            }
            if (option.equals("--raw")) {
                raw = true;
                continue;
            }
            if (option.equals("--wait")) {
                wait = true;
                continue;
            }
            if (i + 1 == args.length || args[i + 1].startsWith("-") || args[i + 1].startsWith("@")) {
                return false;
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> host = value;
                case "--hostname" -> hostname = value;
                case "--json" -> json = value;
                default -> {
                    if (!isSmallNumber(value)) {
                        return false;
                    }
                    port = Integer.parseInt(value);
                }
            }
        }
        if (positional.isEmpty()) {
            return false;
        }
        main.host = host;
        main.port = port;
        main.hostname = hostname;
        main.json = json;
        main.raw = raw;
        main.waitForSlot = wait;
        main.inFlight = DEFAULT_IN_FLIGHT;
        main.url = positional.get(0);
        main.pairs = new ArrayList<>(positional.subList(1, positional.size()));
        return true;
    }

    /** @return the long name of an option this class reads, or {@code null} for any other word */
    private static String canonical(String arg) {
        return switch (arg) {
            case "-h", "--host" -> "--host";
            case "-p", "--port" -> "--port";
            case "--hostname", "--json", "--raw", "--wait" -> arg;
            default -> null;
        };
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
