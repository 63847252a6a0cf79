#include "cli/command_line.h"

int main(int argc, char** argv) { return onboard::cli::Main(argc, argv); }
