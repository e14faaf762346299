; The Windows installer of Commune Ledger — Sổ Quỹ Cộng Đồng (NSIS 3, Unicode, Modern UI 2).
;
; It packs the frozen application (PyInstaller's one folder, packaging/commune-ledger.spec):
;
;     makensis -WX -DVERSION=0.1.0 -DPAYLOAD=dist\commune-ledger -DOUTFILE=dist\setup.exe ^
;         installer.nsi
;
; VERSION comes from the one version source, desktop/__init__.py (the build passes it; see
; .github/workflows/windows.yml). The clerk double-clicks the setup: Vietnamese by default
; (English on request), installed for her alone in %LOCALAPPDATA%\Programs without
; administrator rights, or for every user of the laptop in Program Files by an administrator.
; Shortcuts named "Sổ Quỹ Cộng Đồng" go to the Start menu and the desktop; ledger files
; (.soquy) open in the application on a double-click.
;
; Her data never lives in the program's folder: the ledgers are where she saved them
; (Documents by default) and the settings, log, backups and the ledger of the data folder are
; in %APPDATA%\CommuneLedger. So an upgrade (a newer setup over an older one) replaces the
; program and keeps the data, and the uninstaller removes the data folder only when she ticks
; that it should; ledgers saved elsewhere are never touched.

Unicode true
ManifestDPIAware true
!ifdef STORE_ONLY
  ; For trying the script quickly (scripts/frozen_app.sh): the files are stored, not packed.
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "Give the version: makensis -DVERSION=X.Y.Z (from desktop/__init__.py)"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "dist\commune-ledger"
!endif
!ifndef OUTFILE
  !define OUTFILE "dist\commune-ledger-${VERSION}-setup.exe"
!endif

!define APP_NAME "Sổ Quỹ Cộng Đồng"
!define APP_KEY "CommuneLedger"
!define APP_EXE "commune-ledger.exe"
!define CLI_EXE "commune-ledger-cli.exe"
!define PUBLISHER "Commune Ledger"
!define PROG_ID "CommuneLedger.Ledger"
!define LEDGER_EXT ".soquy"
!define SETTINGS_KEY "Software\${APP_KEY}"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
!define GUIDES "_internal\desktop\resources\guide"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"

; Per user by default (no administrator rights); an administrator may choose all users.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!define MULTIUSER_INIT_TEXT_ADMINREQUIRED "$(AdminRequired)"
!define MULTIUSER_INIT_TEXT_POWERREQUIRED "$(AdminRequired)"
!define MULTIUSER_INIT_TEXT_ALLUSERSNOTPOSSIBLE "$(AllUsersNotPossible)"

!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
; The language chosen at the start is remembered for the uninstaller and the next upgrade.
!define MUI_LANGDLL_REGISTRY_ROOT SHCTX
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES

!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

; -- the installer's own words ------------------------------------------------------------
LangString SecProgram ${LANG_VIETNAMESE} "Chương trình Sổ Quỹ Cộng Đồng"
LangString SecProgram ${LANG_ENGLISH} "Commune Ledger (the program)"
LangString SecStartMenu ${LANG_VIETNAMESE} "Lối tắt trong menu Start"
LangString SecStartMenu ${LANG_ENGLISH} "Start menu shortcuts"
LangString SecDesktop ${LANG_VIETNAMESE} "Lối tắt trên màn hình nền"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecAssociate ${LANG_VIETNAMESE} "Mở tệp sổ dữ liệu (.soquy) bằng Sổ Quỹ Cộng Đồng"
LangString SecAssociate ${LANG_ENGLISH} "Open ledger files (.soquy) with Commune Ledger"
LangString GuideShortcut ${LANG_VIETNAMESE} "Hướng dẫn sử dụng Sổ Quỹ Cộng Đồng"
LangString GuideShortcut ${LANG_ENGLISH} "Commune Ledger user guide"
LangString GuideFile ${LANG_VIETNAMESE} "huong-dan-su-dung.pdf"
LangString GuideFile ${LANG_ENGLISH} "user-guide.pdf"
LangString LedgerFileType ${LANG_VIETNAMESE} "Sổ dữ liệu Sổ Quỹ Cộng Đồng"
LangString LedgerFileType ${LANG_ENGLISH} "Commune Ledger ledger"
LangString RunNow ${LANG_VIETNAMESE} "Mở Sổ Quỹ Cộng Đồng ngay"
LangString RunNow ${LANG_ENGLISH} "Start Commune Ledger now"
LangString AppRunning ${LANG_VIETNAMESE} "Sổ Quỹ Cộng Đồng đang mở. Hãy đóng chương trình rồi bấm Thử lại (dữ liệu của bạn được giữ nguyên)."
LangString AppRunning ${LANG_ENGLISH} "Commune Ledger is running. Close it, then press Retry (your data is kept)."
LangString AdminRequired ${LANG_VIETNAMESE} "Cần quyền quản trị máy tính để cài đặt cho tất cả người dùng."
LangString AdminRequired ${LANG_ENGLISH} "Installing for all users needs an administrator's rights."
LangString AllUsersNotPossible ${LANG_VIETNAMESE} "Tài khoản của bạn không có quyền cài đặt $(^Name) cho tất cả người dùng máy tính này. Hãy cài cho riêng bạn."
LangString AllUsersNotPossible ${LANG_ENGLISH} "Your account may not install $(^Name) for all users of this computer. Install it for yourself only."
LangString UnSecProgram ${LANG_VIETNAMESE} "Gỡ chương trình và các lối tắt"
LangString UnSecProgram ${LANG_ENGLISH} "Remove the program and its shortcuts"
LangString UnSecData ${LANG_VIETNAMESE} "Xóa cả dữ liệu trong %APPDATA%\CommuneLedger (cài đặt, nhật ký, bản sao lưu, sổ dữ liệu mẫu và sổ dữ liệu để ở đó). Sổ dữ liệu bạn lưu ở nơi khác không bị xóa."
LangString UnSecData ${LANG_ENGLISH} "Also delete the data in %APPDATA%\CommuneLedger (settings, log, backups, the demo ledger and any ledger kept there). Ledgers you saved elsewhere are not deleted."

; -- version information (the file's Properties ▸ Details) ----------------------------------
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "GNU GPL v3"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "Commune Ledger"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "Commune Ledger setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "GNU GPL v3"

; -- installing -----------------------------------------------------------------------------
Function .onInit
  !insertmacro MULTIUSER_INIT
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

; An upgrade: the earlier version's program files go first, so that nothing of it is left
; behind; its data were never here and stay as they are.
Function RemovePreviousProgram
  ${IfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
    Return
  ${EndIf}
  retry:
  ClearErrors
  Delete "$INSTDIR\${APP_EXE}"
  ${If} ${Errors}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY retry
    Abort
  ${EndIf}
  Delete "$INSTDIR\${CLI_EXE}"
  RMDir /r "$INSTDIR\_internal"
FunctionEnd

Section "!$(SecProgram)" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  Call RemovePreviousProgram
  File /r "${PAYLOAD}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "Version" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Section "$(SecStartMenu)" SecStartMenu
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"
  CreateShortcut "$SMPROGRAMS\$(GuideShortcut).lnk" "$INSTDIR\${GUIDES}\$(GuideFile)"
SectionEnd

Section "$(SecDesktop)" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"
SectionEnd

Section "$(SecAssociate)" SecAssociate
  ; Under Software\Classes of the install's own hive: a per-user install needs no rights.
  WriteRegStr SHCTX "Software\Classes\${LEDGER_EXT}" "" "${PROG_ID}"
  WriteRegStr SHCTX "Software\Classes\${LEDGER_EXT}\OpenWithProgids" "${PROG_ID}" ""
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}" "" "$(LedgerFileType)"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "Software\Classes\${PROG_ID}\shell\open\command" "" \
    '"$INSTDIR\${APP_EXE}" "%1"'
  ; Explorer shows the new icon and "Open with" at once, without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

; -- uninstalling ---------------------------------------------------------------------------
Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "!un.$(UnSecProgram)" UnSecProgram
  SectionIn RO
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\$(GuideShortcut).lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ReadRegStr $0 SHCTX "Software\Classes\${LEDGER_EXT}" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey SHCTX "Software\Classes\${LEDGER_EXT}"
  ${Else}
    DeleteRegValue SHCTX "Software\Classes\${LEDGER_EXT}\OpenWithProgids" "${PROG_ID}"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${SETTINGS_KEY}"
SectionEnd

; Not ticked unless the clerk ticks it: the ledgers and backups stay.
Section /o "un.$(UnSecData)" UnSecData
  ; The data folder is the user's own (%APPDATA%), whichever way the program was installed.
  SetShellVarContext current
  RMDir /r "$APPDATA\${APP_KEY}"
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
  ${EndIf}
SectionEnd
