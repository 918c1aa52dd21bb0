/*
 * A minimal Windows service for the Wine tests: it reports RUNNING, writes what it was given to the file
 * named by its first command-line argument -- the command line, each ServiceMain argument, the SM_TEST
 * environment variable and its process id -- and runs until it is told to stop.
 * With "--touch FILE" (not as a service) it only writes FILE, which is what a Run value runs at logon.
 * Built with x86_64-w64-mingw32-gcc -municode by the tests.
 */
#include <windows.h>
#include <stdio.h>

static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static HANDLE stop_event;
static wchar_t record_path[MAX_PATH];

static void report(DWORD state)
{
    status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    status.dwCurrentState = state;
    status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
    SetServiceStatus(status_handle, &status);
}

static DWORD WINAPI control(DWORD code, DWORD type, void *data, void *context)
{
    if (code == SERVICE_CONTROL_STOP)
    {
        report(SERVICE_STOP_PENDING);
        SetEvent(stop_event);
    }
    return NO_ERROR;
}

static void WINAPI service_main(DWORD argc, wchar_t **argv)
{
    wchar_t variable[256] = L"";
    FILE *record;
    DWORD i;

    status_handle = RegisterServiceCtrlHandlerExW(argv[0], control, NULL);
    stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    GetEnvironmentVariableW(L"SM_TEST", variable, 256);
    record = _wfopen(record_path, L"w, ccs=UTF-8");
    if (record)
    {
        fwprintf(record, L"commandline=%ls\n", GetCommandLineW());
        for (i = 1; i < argc; i++)
            fwprintf(record, L"argument=%ls\n", argv[i]);
        fwprintf(record, L"SM_TEST=%ls\npid=%lu\n", variable, GetCurrentProcessId());
        fclose(record);
    }
    report(SERVICE_RUNNING);
    WaitForSingleObject(stop_event, INFINITE);
    report(SERVICE_STOPPED);
}

int wmain(int argc, wchar_t **argv)
{
    SERVICE_TABLE_ENTRYW table[] = { { L"", service_main }, { NULL, NULL } };

    if (argc >= 3 && wcscmp(argv[1], L"--touch") == 0)
    {
        FILE *touched = _wfopen(argv[2], L"w");
        if (touched)
            fclose(touched);
        return touched ? 0 : 1;
    }
    if (argc < 2)
        return 2;
    lstrcpynW(record_path, argv[1], MAX_PATH);
    return StartServiceCtrlDispatcherW(table) ? 0 : 3;
}
