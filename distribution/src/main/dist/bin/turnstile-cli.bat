@echo off
rem Calls a Turnstile server: once, at a prompt, or in bulk with --pipe; "turnstile-cli --help"
rem lists the options.
rem   JAVA_HOME              the Java runtime to use (17 or newer); else java on the PATH
rem   JAVA_OPTS              extra JVM options, placed after the defaults so that they win
rem   TURNSTILE_AUTH_SECRET  the login secret, if the server asks for one
setlocal

for %%i in ("%~dp0..") do set "TURNSTILE_HOME=%%~fi"

if defined JAVA_HOME goto useJavaHome
set "JAVA_EXE=java.exe"
where java.exe >nul 2>&1
if errorlevel 1 (
  echo turnstile-cli: no Java runtime found; set JAVA_HOME or put java 17 or newer on the PATH 1>&2
  exit /b 3
)
goto run

:useJavaHome
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if not exist "%JAVA_EXE%" (
  echo turnstile-cli: JAVA_HOME is "%JAVA_HOME%" but "%JAVA_EXE%" does not exist; point JAVA_HOME at a Java 17 or newer runtime 1>&2
  exit /b 3
)

:run
rem SHA-256 and AES-GCM compiled early, everything else late by C2: see bin/turnstile-cli.
"%JAVA_EXE%" -XX:+UseSerialGC -Xmx64m -XX:CompileCommand=quiet ^
  -XX:Tier4InvocationThreshold=500000 -XX:Tier4MinInvocationThreshold=60000 ^
  -XX:Tier4CompileThreshold=1500000 -XX:Tier4BackEdgeThreshold=4000000 ^
  "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.0005" ^
  "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::*,0.0005" ^
  "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::*,0.0005" %JAVA_OPTS% ^
  -cp "%TURNSTILE_HOME%\lib\*" ^
  dev.turnstile.client.cli.Main %*
exit /b %ERRORLEVEL%
