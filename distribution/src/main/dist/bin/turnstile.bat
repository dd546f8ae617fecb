@echo off
rem Runs the Turnstile server in the foreground; "turnstile --help" lists the options.
rem   JAVA_HOME  the Java runtime to use (17 or newer); else java on the PATH
rem   JAVA_OPTS  extra JVM options, placed after the defaults so that they win
setlocal

for %%i in ("%~dp0..") do set "TURNSTILE_HOME=%%~fi"

if defined JAVA_HOME goto useJavaHome
set "JAVA_EXE=java.exe"
where java.exe >nul 2>&1
if errorlevel 1 (
  echo turnstile: no Java runtime found; set JAVA_HOME or put java 17 or newer on the PATH 1>&2
  exit /b 1
)
goto run

:useJavaHome
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if not exist "%JAVA_EXE%" (
  echo turnstile: JAVA_HOME is "%JAVA_HOME%" but "%JAVA_EXE%" does not exist; point JAVA_HOME at a Java 17 or newer runtime 1>&2
  exit /b 1
)

:run
rem Logging is set up in code unless conf\logback.xml exists (see conf\logback.xml.example).
rem The options are those of bin/turnstile, which explains them; this script makes no
rem class-data archive.
set LOGBACK_OPT=
if exist "%TURNSTILE_HOME%\conf\logback.xml" set LOGBACK_OPT="-Dlogback.configurationFile=%TURNSTILE_HOME%\conf\logback.xml"
"%JAVA_EXE%" -XX:+UseSerialGC -Xms16m -Xmn12m -Xmx256m -XX:ReservedCodeCacheSize=48m ^
  -XX:CompileThresholdScaling=10 -XX:CompileCommand=quiet ^
  "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1" ^
  -XX:+ExitOnOutOfMemoryError %JAVA_OPTS% ^
  "-Dturnstile.home=%TURNSTILE_HOME%" ^
  %LOGBACK_OPT% ^
  -cp "%TURNSTILE_HOME%\lib\*" ^
  dev.turnstile.cli.Main %*
exit /b %ERRORLEVEL%
