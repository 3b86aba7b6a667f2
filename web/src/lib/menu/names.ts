// Korean names of the default catalogue (domain/catalogue.py). The menu read model has one
// name per item; an item whose name an admin has changed is shown by that name as it is.
import type { Locale } from "@/lib/i18n/format";

const KOREAN: Readonly<Record<string, { en: string; ko: string }>> = {
  valentine_dinner: { en: "Valentine Dinner", ko: "발렌타인 디너" },
  french_dinner: { en: "French Dinner", ko: "프렌치 디너" },
  english_dinner: { en: "English Dinner", ko: "잉글리시 디너" },
  champagne_feast_dinner: { en: "Champagne Feast Dinner", ko: "샴페인 축제 디너" },
  steak: { en: "Steak", ko: "스테이크" },
  salad: { en: "Salad", ko: "샐러드" },
  wine: { en: "Wine", ko: "와인" },
  champagne: { en: "Champagne", ko: "샴페인" },
  coffee: { en: "Coffee", ko: "커피" },
  baguette: { en: "Baguette", ko: "바게트" },
  scrambled_eggs: { en: "Scrambled Eggs", ko: "스크램블드 에그" },
  bacon: { en: "Bacon", ko: "베이컨" },
  cake: { en: "Cake", ko: "케이크" },
};

export function itemName(menuItemId: string, name: string, locale: Locale): string {
  const known = KOREAN[menuItemId];
  if (locale === "ko" && known && known.en === name) return known.ko;
  return name;
}
