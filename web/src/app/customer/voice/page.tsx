import type { Metadata } from "next";

import { Data } from "@/lib/data";
import { VoiceScreen } from "@/ui/customer/voice";

export const metadata: Metadata = { title: "Voice order" };

export default function VoicePage() {
  return (
    <Data>
      <VoiceScreen />
    </Data>
  );
}
