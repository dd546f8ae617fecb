package dev.turnstile.client.cli;

/**
 * The server to connect to, from {@code --host} and {@code --port}. {@code --host} may carry the
 * port as well, {@code HOST:PORT}, as people write it after {@code ssh} and {@code curl}; an IPv6
 * address does so in brackets, {@code [::1]:8888}, and alone it needs none.
 *
 * @param host the host name or address, without brackets
 * @param port the port
 */
record ServerAddress(String host, int port) {

    static final int DEFAULT_PORT = 8888;
    private static final int MAX_PORT_DIGITS = 5;

    /**
     * @param hostOption the value of {@code --host}
     * @param portOption the value of {@code --port}, or {@code null} when it was not given
     * @return the server
     * @throws CliFailure with {@link ExitCode#USAGE} when the two cannot be read, or name two ports
     */
    static ServerAddress of(String hostOption, Integer portOption) throws CliFailure {
        String name = hostOption;
        String portText = null;
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close < 0 || (close + 1 < name.length() && name.charAt(close + 1) != ':')) {
                throw new CliFailure(ExitCode.USAGE, "--host '" + hostOption + "' is neither HOST nor HOST:PORT;"
                        + " an IPv6 address with a port is written [::1]:8888");
            }
            portText = close + 1 < name.length() ? name.substring(close + 2) : null;
            name = name.substring(1, close);
        } else if (name.indexOf(':') >= 0 && name.indexOf(':') == name.lastIndexOf(':')) {
            // One colon: HOST:PORT. More than one, without brackets: an IPv6 address alone.
            portText = name.substring(name.indexOf(':') + 1);
            name = name.substring(0, name.indexOf(':'));
        }
        int port = portOption != null ? portOption : DEFAULT_PORT;
        if (portText != null) {
            int named = portNumber(portText);
            if (named < 0 || name.isEmpty()) {
                throw new CliFailure(ExitCode.USAGE, "--host '" + hostOption + "' is neither HOST nor HOST:PORT;"
                        + " give the host with -h and the port with -p, as in -h 10.0.0.5 -p 8888");
            }
            if (portOption != null && portOption != named) {
                throw new CliFailure(ExitCode.USAGE, "--host '" + hostOption + "' names port " + named
                        + " and -p names " + portOption + "; give the port once");
            }
            port = named;
        }
        if (port < 1 || port > 65535) {
            throw new CliFailure(ExitCode.USAGE, "--port must be between 1 and 65535, not " + port);
        }
        return new ServerAddress(name, port);
    }

    /** @return the port number in {@code text}, or -1 when it is not 1 to 5 ASCII digits */
    private static int portNumber(String text) {
        if (text.isEmpty() || text.length() > MAX_PORT_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Integer.parseInt(text);
    }
}
