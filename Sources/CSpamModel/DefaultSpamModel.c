// C23 #embed copies the file's bytes at compile time: no generated source, no resource bundle beside the binary,
// and no Swift type-checking of a 2.5 MB array literal.
#pragma clang diagnostic ignored "-Wc23-extensions"
#include "CSpamModel.h"

static const unsigned char model[] = {
#embed "../../rules/spam-model.json"
};

const unsigned char *modgate_default_spam_model(void) { return model; }

size_t modgate_default_spam_model_size(void) { return sizeof(model); }
